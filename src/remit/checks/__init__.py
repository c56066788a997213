"""`remit check`: rules that find the gaps of a support contract, with stable codes."""
