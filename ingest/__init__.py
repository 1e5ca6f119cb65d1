"""Document parsing: files -> Document objects with passages and metadata."""
