//! What `srs -t` lets through but breaks an origin cluster or an edge.
