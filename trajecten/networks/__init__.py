"""The learning network as a group: membership, theme proposals and votes."""
