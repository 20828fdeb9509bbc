//! Generated modules (written by cargo xtask regen).
