using System.Buffers.Text;
using LedgerGrpc.Access.Keys;

namespace LedgerGrpc.Access.Tests.Keys;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void Generated_keys_carry_256_random_bits_and_only_their_hash_is_kept()
    {
        var (key, keyId, hash) = ApiKeySecret.Generate();

        Assert.True(ApiKeySecret.TryParse(key, out var parsedId, out var secret));
        Assert.Equal(keyId, parsedId.ToString());
        Assert.Equal(32, Base64Url.DecodeFromChars(secret).Length);
        Assert.Equal(hash, ApiKeySecret.Hash(secret));
        Assert.DoesNotContain(secret.ToString(), Convert.ToHexString(hash), StringComparison.OrdinalIgnoreCase);
        var other = ApiKeySecret.Generate();
        Assert.NotEqual(key, other.Key);
        Assert.NotEqual(keyId, other.KeyId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lgk_")]
    [InlineData("Bearer lgk_0123456789ab_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("lgk_0123456789abXxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("xyz_0123456789ab_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Anything_but_the_key_format_is_malformed(string presented) =>
        Assert.False(ApiKeySecret.TryParse(presented, out _, out _));
}
