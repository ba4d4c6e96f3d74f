//! Running one job over the whole portfolio on several threads with the output of one
//! thread. The debtors are cut into shards of consecutive ids, each worker (with its own
//! database connection) takes the next shard, and the results are delivered in shard order:
//! whatever the number of threads, the deliveries — and so the plan — are exactly those of a
//! single thread. At most [`WINDOW_PER_THREAD`] shards per thread run ahead of delivery, so
//! memory stays bounded whatever the portfolio's size. A failure is delivered in its place:
//! everything before it is delivered, nothing after it.
//!
//! Owns only the scheduling; what a shard's work is, and what delivery does with it, come
//! from the caller (`plan::pipeline`). Must not know about plans.

use crate::portfolio::load::Debtors;
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard};

/// Debtors per shard by default: large enough that a shard's six range queries cost nothing next to
/// its rows, small enough that the window of shards in flight stays a few megabytes.
pub const SHARD_DEBTORS: usize = 4096;

/// How many finished-but-undelivered shards each thread may get ahead.
pub const WINDOW_PER_THREAD: usize = 4;

/// One thread's share of the job.
pub trait ShardWorker: Send {
    type Output: Send;
    type Error: Send;

    /// The first debtor id after skipping `count` debtors from `from` (inclusive): where the
    /// next shard starts; `None` when the portfolio ends before it.
    fn shard_end(&mut self, from: &str, count: usize) -> Result<Option<String>, Self::Error>;

    /// Do the job for the debtors of one shard.
    fn run(&mut self, shard: Debtors) -> Result<Self::Output, Self::Error>;
}

/// Where the next shard starts, and how far delivery has got.
struct Queue {
    /// Index and first id of the next shard to hand out; `None` once the last was handed out.
    next: Option<(usize, String)>,
    delivered: usize,
    /// Delivery failed or stopped: hand out nothing more.
    stopped: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    progressed: Condvar,
    window: usize,
    shard_debtors: usize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A worker that panicked while holding the lock left the queue consistent (every
        // update is one assignment), so its poison is not ours.
        self.queue
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Hand out the next shard (index, from, to), waiting while the window is full.
    #[allow(clippy::type_complexity)]
    fn claim<W: ShardWorker>(
        &self,
        worker: &mut W,
    ) -> Option<Result<(usize, String, Option<String>), (usize, W::Error)>> {
        let mut queue = self.lock();
        loop {
            if queue.stopped {
                return None;
            }
            match &queue.next {
                None => return None,
                Some((index, _)) if *index >= queue.delivered + self.window => {
                    queue = self
                        .progressed
                        .wait(queue)
                        .unwrap_or_else(|poison| poison.into_inner());
                }
                Some(_) => break,
            }
        }
        let (index, from) = queue.next.take()?;
        // Computed under the lock: shard boundaries are a sequence, each from the last.
        match worker.shard_end(&from, self.shard_debtors) {
            Ok(to) => {
                queue.next = to.clone().map(|start| (index + 1, start));
                Some(Ok((index, from, to)))
            }
            Err(e) => {
                queue.stopped = true;
                Some(Err((index, e)))
            }
        }
    }

    fn delivered(&self, count: usize) {
        self.lock().delivered = count;
        self.progressed.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.progressed.notify_all();
    }
}

/// Run the workers over every shard of `shard_debtors` debtors (one thread each) and call
/// `deliver` with each shard's output in shard order, on the calling thread. Returns the
/// first error in shard order (of a shard or of `deliver`); nothing after it is delivered.
pub fn run<W: ShardWorker>(
    workers: Vec<W>,
    shard_debtors: usize,
    mut deliver: impl FnMut(W::Output) -> Result<(), W::Error>,
) -> Result<(), W::Error> {
    let shared = Shared {
        queue: Mutex::new(Queue {
            next: Some((0, String::new())),
            delivered: 0,
            stopped: false,
        }),
        progressed: Condvar::new(),
        window: WINDOW_PER_THREAD * workers.len().max(1),
        shard_debtors: shard_debtors.max(1),
    };
    let (done, finished) = mpsc::channel::<(usize, Result<W::Output, W::Error>)>();
    std::thread::scope(|scope| {
        for mut worker in workers {
            let done = done.clone();
            let shared = &shared;
            scope.spawn(move || {
                while let Some(claim) = shared.claim(&mut worker) {
                    let (index, result) = match claim {
                        Ok((index, from, to)) => {
                            let shard = Debtors::Range {
                                from: &from,
                                to: to.as_deref(),
                            };
                            (index, worker.run(shard))
                        }
                        Err((index, e)) => (index, Err(e)),
                    };
                    let failed = result.is_err();
                    // The receiver is gone only once delivery has stopped.
                    if done.send((index, result)).is_err() || failed {
                        break;
                    }
                }
            });
        }
        // Only the workers' clones keep the channel open: it closes when the last one ends.
        drop(done);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (index, result) in finished.iter() {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                if let Err(e) = result.and_then(&mut deliver) {
                    shared.stop();
                    return Err(e);
                }
                next += 1;
                shared.delivered(next);
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shards a list of sorted ids; each shard's output is its ids, or an error at `fail_at`.
    struct Ids {
        ids: Vec<String>,
        fail_at: Option<String>,
    }

    impl ShardWorker for Ids {
        type Output = Vec<String>;
        type Error = String;

        fn shard_end(&mut self, from: &str, count: usize) -> Result<Option<String>, String> {
            let start = self.ids.iter().position(|id| id.as_str() >= from);
            Ok(start.and_then(|s| self.ids.get(s + count).cloned()))
        }

        fn run(&mut self, shard: Debtors) -> Result<Vec<String>, String> {
            let Debtors::Range { from, to } = shard else {
                return Err("not a range".into());
            };
            let ids: Vec<String> = self
                .ids
                .iter()
                .filter(|id| id.as_str() >= from && to.is_none_or(|to| id.as_str() < to))
                .cloned()
                .collect();
            match &self.fail_at {
                Some(bad) if ids.contains(bad) => Err(format!("failed at {bad}")),
                _ => Ok(ids),
            }
        }
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("D{i:07}")).collect()
    }

    fn workers(threads: usize, n: usize, fail_at: Option<&str>) -> Vec<Ids> {
        (0..threads)
            .map(|_| Ids {
                ids: ids(n),
                fail_at: fail_at.map(str::to_string),
            })
            .collect()
    }

    #[test]
    fn every_id_is_delivered_once_in_order_for_any_thread_count() {
        let n = SHARD_DEBTORS * 5 + 17;
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            run(workers(threads, n, None), SHARD_DEBTORS, |shard| {
                seen.extend(shard);
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, ids(n), "{threads} threads");
        }
    }

    #[test]
    fn an_empty_portfolio_is_one_empty_shard() {
        let mut shards = 0;
        run(workers(2, 0, None), SHARD_DEBTORS, |shard| {
            assert!(shard.is_empty());
            shards += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(shards, 1);
    }

    #[test]
    fn a_failing_shard_stops_delivery_after_everything_before_it() {
        let n = SHARD_DEBTORS * 6;
        let bad = format!("D{:07}", SHARD_DEBTORS * 3 + 5);
        for threads in [1, 4] {
            let mut seen = Vec::new();
            let err = run(workers(threads, n, Some(&bad)), SHARD_DEBTORS, |shard| {
                seen.extend(shard);
                Ok(())
            })
            .unwrap_err();
            assert_eq!(err, format!("failed at {bad}"));
            assert_eq!(seen, ids(SHARD_DEBTORS * 3), "{threads} threads");
        }
    }

    #[test]
    fn a_failing_delivery_stops_the_workers() {
        let n = SHARD_DEBTORS * 40;
        let mut delivered = 0;
        let err = run(workers(3, n, None), SHARD_DEBTORS, |_| {
            delivered += 1;
            if delivered == 2 {
                Err("disk full".to_string())
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(err, "disk full");
        assert_eq!(delivered, 2);
    }
}
