"""Agreement documents: the format (pydantic models), its compiled shape, and the loader."""
