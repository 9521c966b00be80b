using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Testing;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Protocol;

public sealed class PreEncodedMessageTests
{
    [Fact]
    public async Task A_pre_encoded_message_is_framed_as_its_bytes_and_reads_back_equal()
    {
        var message = new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFromUtf8(new string('x', 300)) } }.Encode();

        var read = await RoundTrip(message);

        Assert.Equal(message.Payload.Body, read.Payload.Body);
    }

    [Fact]
    public async Task Bytes_are_what_was_encoded_so_later_field_changes_are_not_sent()
    {
        // The contract: encode only a final message. Proves the writer sends the stored bytes, not the fields.
        var message = new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFromUtf8("before") } }.Encode();
        message.Payload.Body = ByteString.CopyFromUtf8("after");

        Assert.Equal("before", (await RoundTrip(message)).Payload.Body.ToStringUtf8());
    }

    [Fact]
    public async Task A_message_never_encoded_is_serialized_from_its_fields()
    {
        var message = new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFromUtf8("fields") } };

        Assert.Equal("fields", (await RoundTrip(message)).Payload.Body.ToStringUtf8());
    }

    [Fact]
    public async Task Compression_ignores_the_stored_bytes_and_still_round_trips()
    {
        var message = new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFromUtf8(new string('z', 2000)) } }.Encode();
        var buffer = new ArrayBufferWriter<byte>();
        MessageWriter.Write(buffer, message, compress: true);

        Assert.Equal(1, buffer.WrittenSpan[0]);
        var read = await Read(buffer.WrittenSpan.ToArray(), GrpcHeaders.GzipEncoding);
        Assert.Equal(message.Payload.Body, read.Payload.Body);
    }

    [Fact]
    public async Task A_message_larger_than_one_span_is_copied_whole()
    {
        var message = new SimpleResponse { Payload = new Payload { Body = ByteString.CopyFrom(Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray()) } }.Encode();

        Assert.Equal(message.Payload.Body, (await RoundTrip(message)).Payload.Body);
    }

    private static async Task<SimpleResponse> RoundTrip(IMessage message)
    {
        // A Pipe's writer hands out small segments, so large copies cross segment boundaries as they do in Kestrel.
        var pipe = new Pipe();
        MessageWriter.Write(pipe.Writer, message);
        await pipe.Writer.CompleteAsync();
        var read = await new MessageReader(pipe.Reader, 4 * 1024 * 1024, null).ReadAsync(SimpleResponse.Parser);
        return read!;
    }

    private static async Task<SimpleResponse> Read(byte[] framed, string encoding)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(framed);
        await pipe.Writer.CompleteAsync();
        return (await new MessageReader(pipe.Reader, 4 * 1024 * 1024, encoding).ReadAsync(SimpleResponse.Parser))!;
    }
}

