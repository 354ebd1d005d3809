# cli/events.mk
