"""Notify stage: tell subscribers of announced sub-processor changes and new versions, through a list provider."""
