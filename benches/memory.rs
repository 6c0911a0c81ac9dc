//! Where the TUI's memory goes with many jobs loaded: the heap counted by a global allocator
//! that wraps the system's, while pages of the demo service's JSON are parsed and fed to the app
//! as the worker does (each page parsed, its ids remembered, the jobs shared with the table),
//! then the listing completes. Prints the heap after loading (bytes asked for, and the same as
//! glibc's chunks: header and 16-byte rounding included), its peak, and the table's structures
//! per job. Not a criterion bench: it counts bytes, and counting does not vary with load.
//!
//!   cargo bench --bench memory               # JOBS=100000

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use drs_tui::api::JobType;
use drs_tui::api::model::{ListJobsResponse, parse_json};
use drs_tui::app::{App, Msg, Settings, update};
use drs_tui::demo::seed_jobs;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static CHUNKS: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Bytes of the pages' JSON not parsed yet: made before counting, left out of the peak.
static BODIES: AtomicUsize = AtomicUsize::new(0);

/// The size of glibc malloc's chunk for a request of `n` bytes (8 bytes of header, 16-byte
/// alignment, 32 bytes at least).
fn chunk(n: usize) -> usize {
    ((n + 8 + 15) & !15).max(32)
}

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    CHUNKS.fetch_add(chunk(n), Relaxed);
    COUNT.fetch_add(1, Relaxed);
    PEAK.fetch_max(live.saturating_sub(BODIES.load(Relaxed)), Relaxed);
}

fn shrank(n: usize) {
    LIVE.fetch_sub(n, Relaxed);
    CHUNKS.fetch_sub(chunk(n), Relaxed);
    COUNT.fetch_sub(1, Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        shrank(l.size());
        // SAFETY: as above.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        shrank(l.size());
        grew(n);
        // SAFETY: as above.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[derive(Clone, Copy)]
struct Heap {
    live: usize,
    chunks: usize,
    count: usize,
}

fn heap() -> Heap {
    Heap {
        live: LIVE.load(Relaxed),
        chunks: CHUNKS.load(Relaxed),
        count: COUNT.load(Relaxed),
    }
}

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let n: usize = std::env::var("JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // The demo service's pages, as JSON bytes (1,000 jobs a page), made before counting.
    let bodies: Vec<Vec<u8>> = seed_jobs(n, 7)
        .chunks(1000)
        .map(|page| {
            serde_json::to_vec(&ListJobsResponse {
                total_count: n as u64,
                jobs: page.to_vec(),
            })
            .expect("serialises")
        })
        .collect();
    let body_bytes: usize = bodies.iter().map(Vec::capacity).sum();
    let mut app = App::new(
        Settings {
            profile: "bench".into(),
            region: "cn-north-4".into(),
            ..Settings::default()
        },
        None,
    );
    update(&mut app, Msg::Resize(200, 50));
    app.start();
    let generation = app.generation;
    BODIES.store(body_bytes, Relaxed);
    let before = heap();
    // The app's own heap before listing: what is live less the pages' JSON.
    let base = before.live - body_bytes;
    PEAK.store(base, Relaxed);
    let mut seen: HashSet<String> = HashSet::new();
    let mut left = body_bytes;
    for body in bodies {
        let page: ListJobsResponse = parse_json(&body).expect("parses");
        left -= body.capacity();
        BODIES.fetch_sub(body.capacity(), Relaxed);
        drop(body);
        let jobs: Vec<Arc<_>> = page
            .jobs
            .into_iter()
            .filter(|j| seen.insert(j.id.clone()))
            .map(Arc::new)
            .collect();
        update(
            &mut app,
            Msg::JobsPage {
                generation,
                total: n as u64,
                job_type: JobType::Sync,
                jobs,
            },
        );
    }
    assert_eq!(left, 0);
    let peak_listing = PEAK.load(Relaxed) - base;
    update(
        &mut app,
        Msg::ListComplete {
            generation,
            ids: seen,
            kept: Vec::new(),
        },
    );
    let after = heap();
    // The bodies were counted in `before` and are gone now.
    let live = after.live + body_bytes - before.live;
    let chunks = after.chunks + body_bytes - before.chunks;
    let count = after.count + n.div_ceil(1000) - before.count;
    let per = |b: usize| b as f64 / n as f64;
    println!("{n} jobs loaded (the app's heap, the pages' JSON left out)");
    println!(
        "  heap asked for: {} ({:.0} bytes a job) in {count} allocations",
        mb(live),
        per(live)
    );
    println!(
        "  as glibc chunks: {} ({:.0} bytes a job)",
        mb(chunks),
        per(chunks)
    );
    println!(
        "  peak while listing (one page's JSON at a time): {}",
        mb(peak_listing)
    );
    // What the TUI does once a listing ends: free pages of the heap go back to the system.
    let rss_before = resident();
    let start = std::time::Instant::now();
    drs_tui::modes::tui::memory::release_free_memory();
    let took = start.elapsed();
    if let (Some(a), Some(b)) = (rss_before, resident()) {
        println!(
            "  this process resident: {} before the end-of-listing trim, {} after ({:.1} ms)",
            mb(a),
            mb(b),
            took.as_secs_f64() * 1e3
        );
    }
    println!("  by structure (bytes asked for, per job; allocations per job):");
    let mut total = 0;
    for p in app.table.footprint() {
        total += p.bytes;
        println!(
            "    {:<34} {:>7.1} B  {:>5.2}  ({})",
            p.name,
            per(p.bytes),
            p.allocations as f64 / n as f64,
            mb(p.bytes)
        );
    }
    println!(
        "    {:<34} {:>7.1} B         ({})",
        "everything else in the app",
        per(live.saturating_sub(total)),
        mb(live.saturating_sub(total))
    );
}

/// This process's resident set (`VmRSS`), on Linux.
fn resident() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
