using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger;

/// <summary>The caller-supplied fields of a customer, with the limits every write enforces.</summary>
public sealed record CustomerFields
{
    public const int MaxTags = 32;
    public const int MaxAttributes = 64;

    public string ExternalRef { get; init; } = "";
    public string Name { get; init; } = "";
    public CustomerType Type { get; init; }
    public string Industry { get; init; } = "";
    public string Region { get; init; } = "";
    public string Size { get; init; } = "";
    public string ContactName { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Email { get; init; } = "";
    public string Address { get; init; } = "";
    public string TaxId { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Checks the named fields (all when <paramref name="only"/> is null).</summary>
    public void Validate(IReadOnlySet<string>? only = null)
    {
        bool Has(string field) => only is null || only.Contains(field);

        if (Has("external_ref"))
        {
            Check.Required(ExternalRef, "external_ref", 64);
        }

        if (Has("name"))
        {
            Check.Required(Name, "name", 200);
        }

        if (Has("type"))
        {
            Check.Defined(Type, "type");
        }

        if (Has("industry"))
        {
            Check.Optional(Industry, "industry", 64);
        }

        if (Has("region"))
        {
            Check.Optional(Region, "region", 64);
        }

        if (Has("size"))
        {
            Check.Optional(Size, "size", 32);
        }

        if (Has("contact_name"))
        {
            Check.Optional(ContactName, "contact_name", 100);
        }

        if (Has("phone"))
        {
            ValidatePhone();
        }

        if (Has("email"))
        {
            ValidateEmail();
        }

        if (Has("address"))
        {
            Check.Optional(Address, "address", 500);
        }

        if (Has("tax_id") && TaxId.Length > 0 && !TaxIds.IsValid(TaxId))
        {
            throw LedgerException.Invalid("tax_id", $"'{Quote.Short(TaxId)}' is not a valid 18-character unified social credit code");
        }

        if (Has("tags"))
        {
            ValidateTags();
        }

        if (Has("attributes"))
        {
            ValidateAttributes();
        }
    }

    /// <summary>Copies the named fields (all when <paramref name="only"/> is null) onto <paramref name="customer"/>.</summary>
    public void ApplyTo(Customer customer, IReadOnlySet<string>? only = null)
    {
        bool Has(string field) => only is null || only.Contains(field);

        if (Has("external_ref")) customer.ExternalRef = ExternalRef;
        if (Has("name")) customer.Name = Name;
        if (Has("type")) customer.Type = Type;
        if (Has("industry")) customer.Industry = Industry;
        if (Has("region")) customer.Region = Region;
        if (Has("size")) customer.Size = Size;
        if (Has("contact_name")) customer.ContactName = ContactName;
        if (Has("phone")) customer.Phone = Phone;
        if (Has("email")) customer.Email = Email;
        if (Has("address")) customer.Address = Address;
        if (Has("tax_id")) customer.TaxId = TaxId;
        if (Has("tags")) customer.Tags = [.. Tags];
        if (Has("attributes"))
        {
            customer.Attributes.Clear();
            foreach (var (key, value) in Attributes)
            {
                customer.Attributes.Add(new CustomerAttribute { CustomerId = customer.Id, Key = key, Value = value });
            }
        }

        customer.NameKey = DuplicateKeys.Name(customer.Name);
        customer.PhoneKey = DuplicateKeys.Phone(customer.Phone);
        customer.EmailKey = DuplicateKeys.Email(customer.Email);
    }

    private void ValidatePhone()
    {
        Check.Optional(Phone, "phone", 32);
        foreach (var c in Phone)
        {
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or ' ' or '(' or ')'))
            {
                throw LedgerException.Invalid("phone", $"'{Quote.Short(Phone)}' may hold only digits, spaces and + - ( )");
            }
        }
    }

    private void ValidateEmail()
    {
        Check.Optional(Email, "email", 254);
        if (Email.Length == 0)
        {
            return;
        }

        var at = Email.IndexOf('@');
        if (at <= 0 || at != Email.LastIndexOf('@') || at == Email.Length - 1 || Email.Contains(' '))
        {
            throw LedgerException.Invalid("email", $"'{Quote.Short(Email)}' is not an email address");
        }
    }

    private void ValidateTags()
    {
        if (Tags.Count > MaxTags)
        {
            throw LedgerException.Invalid("tags", $"has {Tags.Count} entries; the limit is {MaxTags}");
        }

        for (var i = 0; i < Tags.Count; i++)
        {
            Check.Required(Tags[i], $"tags[{i}]", 64);
        }
    }

    private void ValidateAttributes()
    {
        if (Attributes.Count > MaxAttributes)
        {
            throw LedgerException.Invalid("attributes", $"has {Attributes.Count} entries; the limit is {MaxAttributes}");
        }

        foreach (var (key, value) in Attributes)
        {
            Check.Required(key, "attributes key", 64);
            Check.Optional(value, $"attributes[{key}]", 256);
        }
    }
}
