"""Reading the contract file: YAML with line marks -> the domain `Contract`."""

from remit.contract.errors import ContractError, Problem
from remit.contract.loader import LoadedContract, load_contract, load_contract_text
from remit.contract.yamlsource import read_text as read_contract_text

__all__ = [
    "ContractError",
    "LoadedContract",
    "Problem",
    "load_contract",
    "load_contract_text",
    "read_contract_text",
]
