//! Giving freed memory back to the system once a listing has ended.
//!
//! A listing of 100,000 jobs allocates and frees a lot of small blocks between the ones the
//! table keeps (each page's JSON, the sets of listed ids, the jobs replaced by a refresh).
//! glibc's malloc keeps the pages of those holes resident: with 100,000 jobs loaded the TUI
//! held ≈23 MB of free heap (99 MB resident for ≈57 MB of heap in use). `malloc_trim(0)`
//! hands the whole free pages inside every arena back (`MADV_DONTNEED`), which is what
//! [`release_free_memory`] does: once per listing, a few milliseconds.
//!
//! Only on glibc (other allocators and C libraries return memory their own way, or have no
//! such call): elsewhere it does nothing.

/// Returns the heap's free pages to the system (glibc); nothing elsewhere.
pub fn release_free_memory() {
    #[cfg(all(unix, target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `malloc_trim` takes no pointer and only works on glibc's own arenas, under
        // their locks; it is safe to call from any thread at any time.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}
