"""Measuring litcheck: ranking metrics (BEIR-style) and confidence calibration on labelled claims."""
