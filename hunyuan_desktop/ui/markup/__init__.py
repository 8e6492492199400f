"""An answer's text as Qt rich text: markdown (markdown-it) with code highlighted, maths drawn as images,
links made safe; what streams rendered a block group at a time. No widgets: the transcript shows it."""
