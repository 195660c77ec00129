"""Reading and writing a library of postmortems on disk."""
