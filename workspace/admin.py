"""Nothing of the workspace's own to administer: see appointments' event log."""
