"""The template column each field of the rules' input is read from (the readers of
``parsing`` read these columns into these fields): a rule's finding on a field is
reported under the column the filer's file (and the entry page) calls it, and a cell
already reported as unreadable is not reported again as missing."""

from __future__ import annotations

from regulator.filings.rules.inputs import TransactionKind

_COMMON_GIFT_COLUMNS = {
    "value": "Value",
    "company_number": "CompanyRegistrationNumber",
    "on_electoral_register": "OnElectoralRegister",
    "is_aggregation": "IsAggregation",
    "is_irish_source": "IsIrishSource",
    "outcome_date": "ActionDate",
    "period": "ReportingPeriodName",
}
FIELD_COLUMNS: dict[TransactionKind, dict[str, str]] = {
    TransactionKind.DONATION: {
        **_COMMON_GIFT_COLUMNS,
        "source_name": "DonorName",
        "source_status": "DonorStatus",
        "received": "ReceivedDate",
        "accepted": "AcceptedDate",
        "outcome": "DonationAction",
        "donation_type": "DonationType",
        "nature": "NatureOfDonation",
    },
    TransactionKind.LOAN: {
        **_COMMON_GIFT_COLUMNS,
        "source_name": "LenderName",
        "source_status": "LenderStatus",
        "received": "StartDate",
        "accepted": "StartDate",
        "start": "StartDate",
        "outcome": "LoanAction",
        "loan_type": "LoanType",
        "rate": "RateOfInterestDescription",
        "status": "LoanStatus",
        "end_date": "EndDate",
        "date_repaid": "DateRepaid",
        "repaid": "AmountRepaid",
        "converted": "AmountConverted",
        "outstanding": "AmountOutstanding",
    },
    TransactionKind.SPENDING: {
        "total": "TotalExpenditure",
        "value": "TotalExpenditure",
        "england": "AmountInEngland",
        "scotland": "AmountInScotland",
        "wales": "AmountInWales",
        "northern_ireland": "AmountInNorthernIreland",
        "incurred": "DateIncurred",
        "claimed": "DateOfClaimForPayment",
        "paid": "DatePaid",
        "category": "ExpenseCategoryName",
        "supplier": "SupplierName",
        "invoice": "InvoiceReference",
        "period": "ReportingPeriodName",
    },
}
