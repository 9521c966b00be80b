using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Protocol;

public sealed class BinaryHeaderTests
{
    [Theory]
    [InlineData(new byte[] { 0xAB, 0xAB, 0xAB }, "q6ur")]
    [InlineData(new byte[] { 0x0A, 0x0B, 0x0A, 0x0B }, "CgsKCw")]
    [InlineData(new byte[] { 0xFE }, "/g")]
    [InlineData(new byte[0], "")]
    public void Encodes_unpadded_and_decodes_both_forms(byte[] bytes, string unpadded)
    {
        Assert.Equal(unpadded, BinaryHeader.Encode(bytes));

        Assert.True(BinaryHeader.TryDecode(unpadded, out var fromUnpadded));
        Assert.Equal(bytes, fromUnpadded);

        var padded = Convert.ToBase64String(bytes);
        Assert.True(BinaryHeader.TryDecode(padded, out var fromPadded));
        Assert.Equal(bytes, fromPadded);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("!!!!")]
    public void Rejects_values_that_are_not_base64(string value) => Assert.False(BinaryHeader.TryDecode(value, out _));

    [Fact]
    public void Metadata_headers_skip_protocol_names_and_decode_binary_values()
    {
        Assert.Null(MetadataHeaders.ToEntry("grpc-timeout", "1S"));
        Assert.Null(MetadataHeaders.ToEntry(":path", "/a/b"));
        Assert.Null(MetadataHeaders.ToEntry("content-type", "application/grpc"));
        Assert.Equal("v", MetadataHeaders.ToEntry("X-Custom", "v")!.Value);
        Assert.Equal("x-custom", MetadataHeaders.ToEntry("X-Custom", "v")!.Key);
        Assert.Equal(new byte[] { 0xAB, 0xAB, 0xAB }, MetadataHeaders.ToEntry("x-trace-bin", "q6ur")!.ValueBytes);
        Assert.Equal("q6ur", MetadataHeaders.ToHeaderValue(new Metadata.Entry("x-trace-bin", new byte[] { 0xAB, 0xAB, 0xAB })));
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("Application/GRPC", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/grpcx", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Content_types(string? contentType, bool grpc) => Assert.Equal(grpc, GrpcHeaders.IsGrpcContentType(contentType));
}
