// Empty: the module exists for its header.
