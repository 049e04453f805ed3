#!/bin/sh
# A login shell whose profile never finishes.
sleep 30
