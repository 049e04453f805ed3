#!/bin/sh
# Stands in for a login shell: prints a banner (as some profiles do), then the PATH it would set up.
echo "Welcome back"
printf %s "/opt/login/bin:$PATH"
