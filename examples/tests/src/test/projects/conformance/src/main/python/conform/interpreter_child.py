from conform.interpreter import child

child()
