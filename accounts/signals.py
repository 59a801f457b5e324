"""What accounts tells the apps above it (it imports none of them)."""

from django.dispatch import Signal

# Sent inside the transaction that corrects an account holder's identity number at the counter,
# with `user` (saved, holding the new number) and `by` (the clerk). A receiver that raises a
# ValidationError refuses the correction: nothing of it is saved.
identity_number_corrected = Signal()
