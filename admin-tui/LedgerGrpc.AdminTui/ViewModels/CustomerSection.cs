namespace LedgerGrpc.AdminTui.ViewModels;

/// <summary>The customer screen's right-hand pane, chosen with the number keys.</summary>
public enum CustomerSection
{
    Memberships = 1,
    Transactions = 2,
    Invoices = 3,
    Notes = 4,
    History = 5,
    Categories = 6,
}
