using LedgerGrpc.Classification.Features;

namespace LedgerGrpc.Bench.Classification;

/// <summary>Deterministic synthetic customers shaped like the seeded demo ledger: heavy-tailed order counts,
/// log-normal order values, some open and overdue invoices.</summary>
public static class SyntheticLedger
{
    public static readonly DateTime AsOf = new(2026, 6, 30, 0, 0, 0, DateTimeKind.Utc);

    public static CustomerFacts[] Create(int customers, int seed = 42)
    {
        var random = new Random(seed);
        string[] industries = ["Manufacturing", "Retail", "Software", "Logistics", "Healthcare"];
        string[] regions = ["East China", "North China", "South China", "West China"];
        string[] sizes = ["Small", "Medium", "Large", "Enterprise"];
        var result = new CustomerFacts[customers];
        for (var i = 0; i < customers; i++)
        {
            var orders = (int)Math.Min(200, Math.Floor(Math.Exp(random.NextDouble() * random.NextDouble() * 5)) - 1);
            var purchases = new PurchaseFact[orders];
            for (var o = 0; o < orders; o++)
            {
                var amount = (long)(Math.Exp(8 + 1.2 * Gaussian(random)) * 100);
                purchases[o] = new PurchaseFact(AsOf.AddDays(-random.Next(0, 900)), amount, false, "P" + random.Next(0, 40));
            }

            var invoices = random.Next(0, 4) == 0
                ? new[] { new InvoiceFact(AsOf.AddDays(-random.Next(10, 200)), AsOf.AddDays(-random.Next(-30, 150)), 500_000, random.Next(0, 2) * 200_000, 0, null) }
                : [];
            var profile = new CustomerProfile(i + 1, "c" + i, "Customer " + i, i % 3 == 0 ? "individual" : "enterprise",
                industries[i % industries.Length], regions[i % regions.Length], sizes[i % sizes.Length], [],
                new Dictionary<string, string>(), AsOf.AddDays(-random.Next(30, 2000)), false);
            result[i] = new CustomerFacts(profile, purchases, invoices, random.Next(0, 3) * 1_000_000, 0);
        }

        return result;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
