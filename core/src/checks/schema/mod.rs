//! Checks of names, blocks and values against SRS's directive table. One
//! pass (`directive_table`) walks the tree and emits all of them; each file
//! here holds one check's metadata, docs and tests.

pub mod argument_count;
pub mod block_mismatch;
pub mod deprecated_directive;
pub mod directive_table;
pub mod duplicate_directive;
pub mod ignored_directive;
pub mod invalid_endpoint;
pub mod invalid_flag;
pub mod invalid_number;
pub mod invalid_value;
pub mod misplaced_directive;
pub mod not_in_version;
pub mod unknown_directive;
