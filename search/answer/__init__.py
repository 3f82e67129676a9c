"""Answers: hits in, answers out.

figures -> `answering` (cited extractive answers grouped by city, or an explicit no-answer);
`compare` (each city's best provision, + `figure_comparison`: their figures in one unit) and `context` (a
clause among its neighbours).
"""
