//! What `srs -t` (`SrsConfig::check_config`) refuses after the names are
//! right: each file is one of its checks.
