//go:build !linux && !darwin

package main

import "os"

// peakMB is not known here: the table shows times only.
func peakMB(*os.ProcessState) float64 { return 0 }

// ownPeakMB is not known here.
func ownPeakMB() float64 { return 0 }
