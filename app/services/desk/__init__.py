"""The supervisor's desk: review and dispatch, deadlines, statistics, exports."""
