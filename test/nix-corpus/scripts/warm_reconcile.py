import sys
print("reconcile", sys.argv[1:])
