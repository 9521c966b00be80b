using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Grpc.Health.V1;
using LedgerGrpc.Wire.Protocol;

namespace LedgerGrpc.Wire.Tests.Protocol;

public sealed class MessageReaderTests
{
    private const int Limit = 4 * 1024 * 1024;

    private static byte[] Frame(IMessage message, bool compress = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageWriter.Write(buffer, message, compress);
        return buffer.WrittenSpan.ToArray();
    }

    private static HealthCheckRequest Request(string service) => new() { Service = service };

    [Fact]
    public async Task Reads_a_message_split_across_many_single_byte_writes()
    {
        var pipe = new Pipe();
        var bytes = Frame(Request(new string('x', 300)));
        var reader = new MessageReader(pipe.Reader, Limit, null);
        var read = reader.ReadAsync(HealthCheckRequest.Parser).AsTask();
        foreach (var b in bytes)
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }

        Assert.Equal(new string('x', 300), (await read)!.Service);
    }

    [Fact]
    public async Task Reads_several_messages_from_one_write_then_clean_end()
    {
        var pipe = new Pipe();
        var all = Frame(Request("a")).Concat(Frame(Request(""))).Concat(Frame(Request("ccc"))).ToArray();
        await pipe.Writer.WriteAsync(all);
        await pipe.Writer.CompleteAsync();
        var reader = new MessageReader(pipe.Reader, Limit, null);

        Assert.Equal("a", (await reader.ReadAsync(HealthCheckRequest.Parser))!.Service);
        Assert.Equal("", (await reader.ReadAsync(HealthCheckRequest.Parser))!.Service);
        Assert.Equal("ccc", (await reader.ReadAsync(HealthCheckRequest.Parser))!.Service);
        Assert.Null(await reader.ReadAsync(HealthCheckRequest.Parser));
    }

    [Fact]
    public async Task Stream_ending_inside_a_message_is_internal()
    {
        var pipe = new Pipe();
        var bytes = Frame(Request("abcdef"));
        await pipe.Writer.WriteAsync(bytes.AsMemory(0, bytes.Length - 2));
        await pipe.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => new MessageReader(pipe.Reader, Limit, null).ReadAsync(HealthCheckRequest.Parser).AsTask());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Message_over_the_limit_is_resource_exhausted_before_it_arrives()
    {
        var pipe = new Pipe();
        var header = new byte[5];
        MessageFraming.WriteHeader(header, compressed: false, 101);
        await pipe.Writer.WriteAsync(header);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new MessageReader(pipe.Reader, 100, null).ReadAsync(HealthCheckRequest.Parser).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Gzip_round_trip_and_expansion_past_the_limit()
    {
        var message = Request(new string('z', 5000));
        var pipe = new Pipe();
        var framed = Frame(message, compress: true);
        Assert.Equal(1, framed[0]);
        Assert.True(framed.Length < 1000, "5000 repeated bytes compress well");
        await pipe.Writer.WriteAsync(framed);
        await pipe.Writer.WriteAsync(framed);
        await pipe.Writer.CompleteAsync();

        var reader = new MessageReader(pipe.Reader, Limit, "gzip");
        Assert.Equal(message, await reader.ReadAsync(HealthCheckRequest.Parser));

        var small = new MessageReader(pipe.Reader, 1000, "gzip");
        var ex = await Assert.ThrowsAsync<RpcException>(() => small.ReadAsync(HealthCheckRequest.Parser).AsTask());
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identity")]
    public async Task Compressed_flag_without_an_encoding_is_internal(string? encoding)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Frame(Request("q"), compress: true));

        var ex = await Assert.ThrowsAsync<RpcException>(() => new MessageReader(pipe.Reader, Limit, encoding).ReadAsync(HealthCheckRequest.Parser).AsTask());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task Unknown_flag_byte_is_internal()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 2, 0, 0, 0, 0 });

        var ex = await Assert.ThrowsAsync<RpcException>(() => new MessageReader(pipe.Reader, Limit, null).ReadAsync(HealthCheckRequest.Parser).AsTask());
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Large_messages_are_written_through_segments_with_the_right_prefix()
    {
        var message = Request(new string('L', 200_000));
        var framed = Frame(message);
        Assert.Equal(0, framed[0]);
        Assert.Equal(message.CalculateSize(), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(framed.AsSpan(1)));
        Assert.Equal(message, HealthCheckRequest.Parser.ParseFrom(framed.AsSpan(5).ToArray()));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("identity", true)]
    [InlineData("gzip", true)]
    [InlineData("deflate", false)]
    [InlineData("snappy", false)]
    public void Supported_encodings(string? encoding, bool supported) =>
        Assert.Equal(supported, MessageReader.IsSupportedEncoding(encoding));
}
