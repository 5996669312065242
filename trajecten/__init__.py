"""The training offer: trainings, trajectories, learning networks, G50 and conferences."""
