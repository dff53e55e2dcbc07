//! The hash maps of a lint run. Their keys are names and spans from the
//! user's own files, so there is no adversary to resist: a fast hasher
//! (rustc's) instead of SipHash, which took 3-4 % of a large run.

pub type HashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
pub type HashSet<T> = std::collections::HashSet<T, rustc_hash::FxBuildHasher>;
