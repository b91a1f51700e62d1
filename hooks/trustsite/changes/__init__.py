"""Change stage: what changed between two states of a project, how significant it is, and the notice."""
