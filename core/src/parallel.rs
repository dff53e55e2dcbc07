//! Two pieces of work at once where the platform has threads to spare.
//! srs-check is measured on 2-core machines; wasm32 has no threads, and
//! there the work runs one piece after the other. The results are the same
//! either way: callers combine them in a fixed order.

/// Runs `a` and `b`, on two threads when the machine has two cores or more.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if !two_cores() {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let first = a();
        // A panic on the other thread is a bug like one here: surface it
        // the same way.
        let second = other.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (first, second)
    })
}

fn two_cores() -> bool {
    if cfg!(target_arch = "wasm32") {
        return false;
    }
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_place() {
        let (a, b) = super::join(|| (0..1000u64).sum::<u64>(), || "b".repeat(3));
        assert_eq!((a, b.as_str()), (499_500, "bbb"));
    }
}
