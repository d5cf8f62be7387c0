WORDS = ["beta", "runs", "from", "its", "own", "jar", "too"]
