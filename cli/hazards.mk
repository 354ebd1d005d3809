# cli/hazards.mk
