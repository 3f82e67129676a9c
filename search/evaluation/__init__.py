"""Evaluation: judged queries and dev questions in, quality reports out (hybrid beside its baselines)."""
