//! Simulation (PRODUCT.md §5): replaying a strategy day by day over history. Not built yet.
