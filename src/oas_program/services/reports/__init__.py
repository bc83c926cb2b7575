"""What reports say and how: the facts they show, their outline, shared rendering helpers."""
