namespace LedgerGrpc.Ledger.Tests;

public sealed class DuplicateKeysTests
{
    [Theory]
    [InlineData("上海星辰贸易有限公司", "上海星辰贸易")]
    [InlineData("上海星辰贸易股份有限公司", "上海星辰贸易")]
    [InlineData("上海 星辰贸易（有限公司）", "上海星辰贸易")]
    [InlineData("ＡＣＭＥ　Co., Ltd.", "acme")]
    [InlineData("Acme Corporation", "acme")]
    [InlineData("ACME Inc.", "acme")]
    [InlineData("acme", "acme")]
    public void Names_equal_after_width_case_punctuation_and_suffix_normalisation(string name, string key) =>
        Assert.Equal(key, DuplicateKeys.Name(name));

    [Theory]
    [InlineData("+86 138-0013-8000", "13800138000")]
    [InlineData("13800138000", "13800138000")]
    [InlineData("１３８００１３８０００", "13800138000")]
    public void Phones_compare_by_digits_without_country_code(string phone, string key) =>
        Assert.Equal(key, DuplicateKeys.Phone(phone));

    [Fact]
    public void Tax_ids_are_checked_with_their_check_character()
    {
        var valid = TaxIds.Complete("91310000MA1FL4XQ3");
        Assert.True(TaxIds.IsValid(valid));
        Assert.True(TaxIds.IsValid("91350100M000100Y43")); // a published example code
        Assert.False(TaxIds.IsValid(valid[..17] + (valid[17] == '0' ? '1' : '0')));
        Assert.False(TaxIds.IsValid("91310000MA1FL4XQ3"));
        Assert.False(TaxIds.IsValid("91310000MA1FL4XQIO")); // I and O are not in the alphabet
    }
}
