namespace LedgerGrpc.Bench.Rules;

/// <summary>The typed features the tiering workflow reads (the fields listed in issue 3).</summary>
public sealed class Customer
{
    public long CustomerId { get; set; }

    public decimal TotalSpend { get; set; }

    public int OrderCount { get; set; }

    public int DaysSinceLastPurchase { get; set; }

    public decimal OverdueAmount { get; set; }

    public int MaxDaysOverdue { get; set; }

    public decimal CreditLimit { get; set; }

    public decimal CreditUsed { get; set; }

    public string Industry { get; set; } = "";

    public string Region { get; set; } = "";

    public string Size { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public int DistinctProducts { get; set; }

    public double AvgOrderValue { get; set; }

    public bool IsBadDebt { get; set; }

    /// <summary>A deterministic spread of customers so every rule both matches and fails somewhere.</summary>
    public static Customer[] Sample(int count)
    {
        var random = new Random(42);
        string[] industries = ["Manufacturing", "Retail", "Tech", "Logistics"];
        string[] regions = ["East", "EastCoast", "West", "North"];
        string[] sizes = ["Enterprise", "SMB", "Startup"];
        string[] types = ["Strategic", "Partner", "Standard"];
        return [.. Enumerable.Range(0, count).Select(i => new Customer
        {
            CustomerId = i,
            TotalSpend = random.Next(0, 200_000),
            OrderCount = random.Next(0, 30),
            DaysSinceLastPurchase = random.Next(0, 400),
            OverdueAmount = random.Next(0, 3) == 0 ? random.Next(0, 20_000) : 0,
            MaxDaysOverdue = random.Next(0, 150),
            CreditLimit = random.Next(1_000, 100_000),
            CreditUsed = random.Next(0, 100_000),
            Industry = industries[random.Next(industries.Length)],
            Region = regions[random.Next(regions.Length)],
            Size = sizes[random.Next(sizes.Length)],
            Type = types[random.Next(types.Length)],
            CreatedAt = new DateTime(2023, 1, 1).AddDays(random.Next(0, 700)),
            DistinctProducts = random.Next(0, 40),
            AvgOrderValue = random.NextDouble() * 5000,
            IsBadDebt = random.Next(0, 20) == 0,
        })];
    }
}
