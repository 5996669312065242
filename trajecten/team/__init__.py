"""The training coordinator's pages: their team, registering colleagues and replacing one by another."""
