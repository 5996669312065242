"""The member's private calendar address: services and views."""
