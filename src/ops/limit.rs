//! The concurrency limit of writes: AIMD on the service's throttling.

use std::sync::Mutex;

use tokio::sync::Notify;

/// A concurrency limit that halves when the service throttles and grows back by one after a
/// limit's worth of unthrottled successes (AIMD), never above `max` nor below 1.
#[derive(Debug)]
pub struct AdaptiveLimit {
    max: usize,
    state: Mutex<LimitState>,
    notify: Notify,
}

#[derive(Debug)]
struct LimitState {
    limit: usize,
    in_flight: usize,
    successes: usize,
}

/// A slot in an [`AdaptiveLimit`]; released on drop.
#[derive(Debug)]
pub struct Slot<'a>(&'a AdaptiveLimit);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.state.lock() {
            s.in_flight = s.in_flight.saturating_sub(1);
        }
        self.0.notify.notify_waiters();
    }
}

impl AdaptiveLimit {
    /// A limit starting at `max`.
    pub fn new(max: usize) -> Self {
        let max = max.max(1);
        AdaptiveLimit {
            max,
            state: Mutex::new(LimitState {
                limit: max,
                in_flight: 0,
                successes: 0,
            }),
            notify: Notify::new(),
        }
    }

    /// The current limit.
    pub fn current(&self) -> usize {
        self.state.lock().map_or(1, |s| s.limit)
    }

    /// Waits for a slot.
    pub async fn acquire(&self) -> Slot<'_> {
        loop {
            // Created before the check, so a release between check and await is not missed.
            let notified = self.notify.notified();
            if let Ok(mut s) = self.state.lock()
                && s.in_flight < s.limit
            {
                s.in_flight += 1;
                return Slot(self);
            }
            notified.await;
        }
    }

    /// Feeds back one request's throttling.
    pub fn record(&self, throttled: bool) {
        if let Ok(mut s) = self.state.lock() {
            if throttled {
                s.limit = (s.limit / 2).max(1);
                s.successes = 0;
            } else {
                s.successes += 1;
                if s.successes >= s.limit && s.limit < self.max {
                    s.limit += 1;
                    s.successes = 0;
                }
            }
        }
        self.notify.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn limit_halves_on_throttle_and_grows_back() {
        let l = AdaptiveLimit::new(4);
        l.record(true);
        assert_eq!(l.current(), 2);
        l.record(true);
        l.record(true);
        assert_eq!(l.current(), 1);
        l.record(false);
        assert_eq!(l.current(), 2);
        l.record(false);
        l.record(false);
        assert_eq!(l.current(), 3);
        for _ in 0..10 {
            l.record(false);
        }
        assert_eq!(l.current(), 4);
    }

    #[tokio::test]
    async fn slots_are_bounded() {
        let l = AdaptiveLimit::new(2);
        let a = l.acquire().await;
        let _b = l.acquire().await;
        let third = tokio::time::timeout(Duration::from_millis(50), l.acquire()).await;
        assert!(third.is_err(), "a third slot must wait");
        drop(a);
        let third = tokio::time::timeout(Duration::from_millis(500), l.acquire()).await;
        assert!(third.is_ok(), "released slot is reusable");
    }
}
