using CsvHelper;
using LedgerGrpc.Ledger;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Server.Services.Ledger;

/// <summary>One CSV data row: its row number in the file (header = 1) and the customer, or why it was rejected.</summary>
public sealed record CsvCustomerRow(int Row, string ExternalRef, CustomerFields? Fields, string? Error);

/// <summary>
/// Reads customers from CSV (UTF-8 with or without BOM). Columns are matched by header name,
/// ignoring case, spaces, '_' and '-': external_ref, name, type (individual/enterprise, 个人/企业),
/// industry, region, size, contact_name, phone, email, address, tax_id, tags (';'-separated) and
/// attr.KEY / attr:KEY for attributes.
/// </summary>
public static class CustomerCsvReader
{
    private static readonly string[] Known = ["externalref", "name", "type", "industry", "region", "size", "contactname", "phone", "email", "address", "taxid", "tags"];

    public static IEnumerable<CsvCustomerRow> Read(TextReader text, ICollection<string> unknownColumns)
    {
        var malformed = new List<CsvCustomerRow>();
        var options = new CsvReaderOptions
        {
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            // A broken row (e.g. an unclosed quote) is skipped and reported, not fatal to the file.
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = bad => malformed.Add(new CsvCustomerRow((int)bad.LineNumber, "", null, $"is malformed CSV ({bad.Reason})")),
        };
        using var csv = CsvReader.Create(text, options, false);
        csv.ReadHeader();
        var headers = csv.Headers?.ToArray() ?? [];
        if (headers.Length == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            throw new InvalidDataException("The file is empty: expected a header row naming the columns.");
        }

        var columns = headers.Select(Normalize).ToArray();
        foreach (var required in new[] { "externalref", "name" })
        {
            if (!columns.Contains(required))
            {
                throw new InvalidDataException($"The header has no '{required}' column (found: {string.Join(", ", headers)}).");
            }
        }

        foreach (var (header, column) in headers.Zip(columns))
        {
            if (!Known.Contains(column) && AttributeKey(header) is null)
            {
                unknownColumns.Add(header);
            }
        }

        while (csv.Read())
        {
            foreach (var bad in malformed)
            {
                yield return bad;
            }

            malformed.Clear();
            yield return ToRow(csv, headers, columns);
        }

        foreach (var bad in malformed)
        {
            yield return bad;
        }
    }

    private static CsvCustomerRow ToRow(CsvReader csv, string[] headers, string[] columns)
    {
        var row = (int)csv.LineNumber;
        string Field(string name)
        {
            var index = Array.IndexOf(columns, name);
            return index >= 0 && index < csv.FieldCount ? csv.GetString(index) : "";
        }

        var externalRef = Field("externalref");
        if (csv.FieldCount != headers.Length)
        {
            return new CsvCustomerRow(row, externalRef, null, $"has {csv.FieldCount} fields; the header has {headers.Length}");
        }

        CustomerType? type = Field("type").ToLowerInvariant() switch
        {
            "individual" or "person" or "个人" => CustomerType.Individual,
            "enterprise" or "company" or "企业" or "公司" => CustomerType.Enterprise,
            _ => null,
        };
        if (type is null)
        {
            return new CsvCustomerRow(row, externalRef, null, $"type '{Field("type")}' is not individual or enterprise");
        }

        var attributes = new Dictionary<string, string>();
        for (var i = 0; i < headers.Length; i++)
        {
            if (AttributeKey(headers[i]) is { } key && csv.GetString(i) is { Length: > 0 } value)
            {
                attributes[key] = value;
            }
        }

        return new CsvCustomerRow(row, externalRef, new CustomerFields
        {
            ExternalRef = externalRef,
            Name = Field("name"),
            Type = type.Value,
            Industry = Field("industry"),
            Region = Field("region"),
            Size = Field("size"),
            ContactName = Field("contactname"),
            Phone = Field("phone"),
            Email = Field("email"),
            Address = Field("address"),
            TaxId = Field("taxid"),
            Tags = Field("tags").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Attributes = attributes,
        }, null);
    }

    private static string Normalize(string header) =>
        new(header.Trim().ToLowerInvariant().Where(c => c is not (' ' or '_' or '-')).ToArray());

    private static string? AttributeKey(string header)
    {
        var trimmed = header.Trim();
        return trimmed.Length > 5 && (trimmed.StartsWith("attr.", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("attr:", StringComparison.OrdinalIgnoreCase))
            ? trimmed[5..]
            : null;
    }
}
