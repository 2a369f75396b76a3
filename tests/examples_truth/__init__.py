"""Truth files for docs/examples and the hand-written checks that re-derive them."""
