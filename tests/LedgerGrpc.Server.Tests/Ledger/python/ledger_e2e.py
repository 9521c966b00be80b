"""End-to-end checks of ledger.v1.CustomerLedger with grpcio (a gRPC implementation nobody here
wrote). Usage: ledger_e2e.py SCENARIO HOST:PORT [ARGS]. Prints one JSON object per line; exits
non-zero with the failing check's message when an expectation fails."""
import json
import sys
import threading

import grpc
import ledger_channel
from google.protobuf import field_mask_pb2, timestamp_pb2

from ledger.v1 import ledger_pb2 as pb

SERVICE = "/ledger.v1.CustomerLedger/"
RESPONSES = {
    "CreateCustomer": pb.Customer, "GetCustomer": pb.Customer, "UpdateCustomer": pb.Customer,
    "ListCustomers": pb.ListCustomersResponse, "ArchiveCustomer": pb.Customer,
    "RecordTransaction": pb.Transaction, "ListTransactions": pb.ListTransactionsResponse,
    "IssueInvoice": pb.Invoice, "RecordPayment": pb.Payment, "WriteOffInvoice": pb.Invoice,
    "ListInvoices": pb.ListInvoicesResponse, "GetReceivables": pb.Receivables,
    "SetCreditLimit": pb.Credit, "GetCredit": pb.Credit, "AddNote": pb.Note, "ListNotes": pb.ListNotesResponse,
    "FindDuplicates": pb.FindDuplicatesResponse, "MergeCustomers": pb.MergeCustomersResponse,
    "Backup": pb.BackupResponse,
}


class Ledger:
    def __init__(self, target, actor="python-e2e"):
        self.channel = ledger_channel.insecure_channel(target)
        self.metadata = (("x-ledger-actor", actor),)

    def __getattr__(self, method):
        rpc = self.channel.unary_unary(SERVICE + method, request_serializer=lambda m: m.SerializeToString(),
                                       response_deserializer=RESPONSES[method].FromString)
        return lambda request: rpc(request, metadata=self.metadata, timeout=60)

    def stream_unary(self, method, response_type, requests):
        rpc = self.channel.stream_unary(SERVICE + method, request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=response_type.FromString)
        return rpc(iter(requests), metadata=self.metadata, timeout=60)

    def unary_stream(self, method, response_type, request):
        rpc = self.channel.unary_stream(SERVICE + method, request_serializer=lambda m: m.SerializeToString(),
                                        response_deserializer=response_type.FromString)
        return list(rpc(request, metadata=self.metadata, timeout=60))


def check(condition, message):
    if not condition:
        print(json.dumps({"failed": message}), flush=True)
        sys.exit(1)


def ts(seconds=1_780_000_000):
    return timestamp_pb2.Timestamp(seconds=seconds)


def date(y, m, d):
    return pb.Date(year=y, month=m, day=d)


def new_customer(ref, name="上海星辰贸易有限公司", **extra):
    return pb.CreateCustomerRequest(external_ref=ref, name=name, type=pb.CUSTOMER_TYPE_ENTERPRISE, **extra)


def sale(customer_id, amount, key=""):
    return pb.RecordTransactionRequest(customer_id=customer_id, kind=pb.TRANSACTION_KIND_SALE, amount_minor=amount,
                                       currency="CNY", product="套餐", quantity=1, occurred_at=ts(), idempotency_key=key)


def flows(target):
    ledger = Ledger(target)
    c = ledger.CreateCustomer(new_customer("py-1", phone="13800138000", email="a@example.com",
                                           attributes={"channel": "online"}, tags=["vip"]))
    check(c.id > 0 and c.attributes["channel"] == "online", "create returns the stored customer")
    check(ledger.GetCustomer(pb.GetCustomerRequest(external_ref="py-1")).id == c.id, "get by external_ref")
    u = ledger.UpdateCustomer(pb.UpdateCustomerRequest(customer=pb.Customer(id=c.id, region="east", name="x"),
                                                       update_mask=field_mask_pb2.FieldMask(paths=["region"])))
    check(u.region == "east" and u.name == c.name, "update touches only masked fields")

    t = ledger.RecordTransaction(sale(c.id, 12_345, key="py-tx-1"))
    check(t.id > 0 and t.amount_minor == 12_345, "transaction recorded")
    batch = ledger.stream_unary("RecordTransactions", pb.RecordTransactionsResponse,
                                [sale(c.id, 100), sale(999_999, 100), sale(c.id, 200)])
    check(batch.recorded == 2 and batch.failed == 1 and batch.results[1].error.code == grpc.StatusCode.NOT_FOUND.value[0],
          f"stream gives a result per item: {batch}")
    listed = ledger.ListTransactions(pb.ListTransactionsRequest(customer_id=c.id))
    check([x.amount_minor for x in listed.transactions] == [12_345, 100, 200], "list transactions in order")

    inv_old = ledger.IssueInvoice(pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=10_000, currency="CNY",
                                                         issue_date=date(2026, 1, 1), payment_terms_days=30, idempotency_key="inv-1"))
    inv_new = ledger.IssueInvoice(pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=20_000, currency="CNY",
                                                         issue_date=date(2026, 3, 1), due_date=date(2026, 4, 30)))
    pay = ledger.RecordPayment(pb.RecordPaymentRequest(customer_id=c.id, amount_minor=12_000, currency="CNY",
                                                       received_date=date(2026, 3, 5), idempotency_key="pay-1"))
    check([(a.invoice_id, a.amount_minor) for a in pay.allocations] == [(inv_old.id, 10_000), (inv_new.id, 2_000)],
          "payment applied oldest first")
    r = ledger.GetReceivables(pb.GetReceivablesRequest(customer_id=c.id, as_of=date(2026, 6, 1)))
    check(r.outstanding_minor == 18_000 and r.days_31_60_minor == 18_000 and r.oldest_overdue_days == 32, f"aging {r}")
    wo = ledger.WriteOffInvoice(pb.WriteOffInvoiceRequest(invoice_id=inv_new.id, reason="破产", write_off_date=date(2026, 6, 2)))
    check(wo.status == pb.INVOICE_STATUS_WRITTEN_OFF and wo.written_off_minor == 18_000, "write-off")
    credit = ledger.SetCreditLimit(pb.SetCreditLimitRequest(customer_id=c.id, limit_minor=50_000))
    check(credit.has_limit and credit.used_minor == 0 and credit.available_minor == 50_000, f"credit {credit}")

    note = ledger.AddNote(pb.AddNoteRequest(customer_id=c.id, channel=pb.NOTE_CHANNEL_VISIT, text="上门拜访"))
    check(note.author == "key:admin", f"note author is the authenticated key, not an admin key's x-ledger-actor: {note.author}")
    check([n.id for n in ledger.ListNotes(pb.ListNotesRequest(customer_id=c.id)).notes] == [note.id], "list notes")

    imported = ledger.stream_unary("ImportCustomers", pb.ImportCustomersResponse,
                                   [new_customer("py-2", name="上海星辰贸易"), new_customer("py-1"), new_customer("py-3", name="Other Co")])
    check(imported.imported == 2 and imported.rejected == 1 and imported.results[1].error.code == grpc.StatusCode.ALREADY_EXISTS.value[0],
          f"import gives a result per row: {imported}")
    exported = ledger.unary_stream("ExportCustomers", pb.Customer, pb.ExportCustomersRequest())
    check([x.external_ref for x in exported] == ["py-1", "py-2", "py-3"], "export streams every customer")

    dups = ledger.FindDuplicates(pb.FindDuplicatesRequest(customer_id=c.id))
    check(len(dups.groups) == 1 and dups.groups[0].reason == pb.DUPLICATE_REASON_NAME, f"duplicates {dups}")
    merged = ledger.MergeCustomers(pb.MergeCustomersRequest(surviving_customer_id=c.id, merged_customer_id=dups.groups[0].customer_ids[1]))
    check(merged.customer.id == c.id and merged.merge_id > 0, "merge")
    backup = ledger.Backup(pb.BackupRequest(file_name="e2e.db"))
    check(backup.size_bytes > 0, "backup")
    print(json.dumps({"customer_id": c.id, "backup": backup.path}))


def validation(target):
    """Each bad request gets its status with a message naming the field, and changes nothing."""
    ledger = Ledger(target)
    c = ledger.CreateCustomer(new_customer("val-1"))
    inv = ledger.IssueInvoice(pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=500, currency="CNY",
                                                     issue_date=date(2026, 1, 1), payment_terms_days=30))
    before = ledger.GetCustomer(pb.GetCustomerRequest(id=c.id))
    ok_sale = sale(c.id, 100)

    def with_(message, **changes):
        copy = type(message)()
        copy.CopyFrom(message)
        for k, v in changes.items():
            if isinstance(v, pb.Date) or isinstance(v, timestamp_pb2.Timestamp):
                getattr(copy, k).CopyFrom(v)
            else:
                setattr(copy, k, v)
        return copy

    no_time = with_(ok_sale)
    no_time.ClearField("occurred_at")
    cases = [
        ("sale unknown customer", "RecordTransaction", with_(ok_sale, customer_id=424242), "NOT_FOUND", "customer"),
        ("sale zero amount", "RecordTransaction", with_(ok_sale, amount_minor=0), "INVALID_ARGUMENT", "amount_minor"),
        ("sale negative amount", "RecordTransaction", with_(ok_sale, amount_minor=-100), "INVALID_ARGUMENT", "amount_minor"),
        ("sale other currency", "RecordTransaction", with_(ok_sale, currency="USD"), "INVALID_ARGUMENT", "currency"),
        ("sale no kind", "RecordTransaction", with_(ok_sale, kind=pb.TRANSACTION_KIND_UNSPECIFIED), "INVALID_ARGUMENT", "kind"),
        ("sale zero quantity", "RecordTransaction", with_(ok_sale, quantity=0), "INVALID_ARGUMENT", "quantity"),
        ("sale no time", "RecordTransaction", no_time, "INVALID_ARGUMENT", "occurred_at"),
        ("sale bad timestamp", "RecordTransaction", with_(ok_sale, occurred_at=timestamp_pb2.Timestamp(seconds=1, nanos=-5)), "INVALID_ARGUMENT", "occurred_at"),
        ("sale future", "RecordTransaction", with_(ok_sale, occurred_at=ts(4_000_000_000)), "INVALID_ARGUMENT", "occurred_at"),
        ("sale long product", "RecordTransaction", with_(ok_sale, product="x" * 201), "INVALID_ARGUMENT", "product"),
        ("create no name", "CreateCustomer", new_customer("val-2", name=""), "INVALID_ARGUMENT", "name"),
        ("create long name", "CreateCustomer", new_customer("val-2", name="名" * 201), "INVALID_ARGUMENT", "name"),
        ("create bad email", "CreateCustomer", new_customer("val-2", email="nope"), "INVALID_ARGUMENT", "email"),
        ("create bad tax id", "CreateCustomer", new_customer("val-2", tax_id="91310000MA1FL4XQ3X"), "INVALID_ARGUMENT", "tax_id"),
        ("create no type", "CreateCustomer", pb.CreateCustomerRequest(external_ref="val-2", name="n"), "INVALID_ARGUMENT", "type"),
        ("create duplicate ref", "CreateCustomer", new_customer("val-1"), "ALREADY_EXISTS", "external_ref"),
        ("invoice impossible date", "IssueInvoice", pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=1, currency="CNY", issue_date=date(2026, 2, 30), payment_terms_days=30), "INVALID_ARGUMENT", "issue_date"),
        ("invoice due before issue", "IssueInvoice", pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=1, currency="CNY", issue_date=date(2026, 3, 1), due_date=date(2026, 2, 1)), "INVALID_ARGUMENT", "due_date"),
        ("invoice no due", "IssueInvoice", pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=1, currency="CNY", issue_date=date(2026, 3, 1)), "INVALID_ARGUMENT", "due"),
        ("payment unknown invoice", "RecordPayment", pb.RecordPaymentRequest(customer_id=c.id, amount_minor=1, currency="CNY", received_date=date(2026, 3, 1), invoice_ids=[777]), "NOT_FOUND", "invoice_ids[0]"),
        ("payment month 13", "RecordPayment", pb.RecordPaymentRequest(customer_id=c.id, amount_minor=1, currency="CNY", received_date=date(2026, 13, 1)), "INVALID_ARGUMENT", "received_date"),
        ("write-off no reason", "WriteOffInvoice", pb.WriteOffInvoiceRequest(invoice_id=inv.id), "INVALID_ARGUMENT", "reason"),
        ("credit negative", "SetCreditLimit", pb.SetCreditLimitRequest(customer_id=c.id, limit_minor=-1), "INVALID_ARGUMENT", "limit_minor"),
        ("note no channel", "AddNote", pb.AddNoteRequest(customer_id=c.id, text="hi"), "INVALID_ARGUMENT", "channel"),
        ("note unknown customer", "AddNote", pb.AddNoteRequest(customer_id=31337, channel=pb.NOTE_CHANNEL_PHONE, text="hi"), "NOT_FOUND", "customer"),
        ("update unknown path", "UpdateCustomer", pb.UpdateCustomerRequest(customer=pb.Customer(id=c.id), update_mask=field_mask_pb2.FieldMask(paths=["id"])), "INVALID_ARGUMENT", "update_mask"),
        ("update empty mask", "UpdateCustomer", pb.UpdateCustomerRequest(customer=pb.Customer(id=c.id, name="n")), "INVALID_ARGUMENT", "update_mask"),
        ("get neither key", "GetCustomer", pb.GetCustomerRequest(), "INVALID_ARGUMENT", "key"),
        ("list bad page token", "ListCustomers", pb.ListCustomersRequest(page_token="abc"), "INVALID_ARGUMENT", "page_token"),
        ("list huge page", "ListCustomers", pb.ListCustomersRequest(page_size=5000), "INVALID_ARGUMENT", "page_size"),
        ("merge self", "MergeCustomers", pb.MergeCustomersRequest(surviving_customer_id=c.id, merged_customer_id=c.id), "INVALID_ARGUMENT", "merged_customer_id"),
        ("backup escaping path", "Backup", pb.BackupRequest(file_name="../x.db"), "INVALID_ARGUMENT", "file_name"),
    ]
    for name, method, request, expected, field in cases:
        try:
            getattr(ledger, method)(request)
            check(False, f"{name}: {method} succeeded, expected {expected}")
        except grpc.RpcError as e:
            check(e.code().name == expected, f"{name}: got {e.code().name} ({e.details()}), expected {expected}")
            check(field in e.details(), f"{name}: message '{e.details()}' does not name {field}")
            print(json.dumps({"case": name, "code": e.code().name, "message": e.details()}), flush=True)
    after = ledger.GetCustomer(pb.GetCustomerRequest(id=c.id))
    check(after == before, f"a failed request changed the customer: {before} -> {after}")
    listed = ledger.ListCustomers(pb.ListCustomersRequest(include_archived=True))
    check(len(listed.customers) == 1, "no customer was created by a bad request")
    check(len(ledger.ListTransactions(pb.ListTransactionsRequest(customer_id=c.id)).transactions) == 0, "no transaction stored")
    check(len(ledger.ListInvoices(pb.ListInvoicesRequest(customer_id=c.id)).invoices) == 1, "no invoice stored")


def retries(target):
    ledger = Ledger(target)
    c = ledger.CreateCustomer(new_customer("idem-1"))
    first = ledger.RecordTransaction(sale(c.id, 700, key="order-42"))
    again = ledger.RecordTransaction(sale(c.id, 700, key="order-42"))
    check(first == again, "a retry returns the original transaction")
    try:
        ledger.RecordTransaction(sale(c.id, 701, key="order-42"))
        check(False, "reusing a key with other content must fail")
    except grpc.RpcError as e:
        check(e.code() == grpc.StatusCode.ALREADY_EXISTS and "idempotency_key" in e.details(), e.details())
    inv_req = pb.IssueInvoiceRequest(customer_id=c.id, amount_minor=900, currency="CNY", issue_date=date(2026, 1, 1),
                                     payment_terms_days=60, idempotency_key="inv-9")
    check(ledger.IssueInvoice(inv_req).id == ledger.IssueInvoice(inv_req).id, "invoice retry returns the original")
    pay_req = pb.RecordPaymentRequest(customer_id=c.id, amount_minor=900, currency="CNY", received_date=date(2026, 2, 1),
                                      idempotency_key="pay-9")
    check(ledger.RecordPayment(pay_req).id == ledger.RecordPayment(pay_req).id, "payment retry returns the original")
    after = ledger.GetCustomer(pb.GetCustomerRequest(id=c.id))
    check(after.transaction_count == 1 and after.sales_total_minor == 700, f"one transaction: {after}")
    check(after.outstanding_minor == 0 and after.credit_balance_minor == 0, f"one invoice and one payment: {after}")
    print(json.dumps({"customer_id": c.id}))


def concurrent(target, threads, per_thread):
    threads, per_thread = int(threads), int(per_thread)
    setup = Ledger(target)
    customers = [setup.CreateCustomer(new_customer(f"conc-{i}")).id for i in range(4)]
    errors = []

    def worker(n):
        ledger = Ledger(target, actor=f"worker-{n}")  # a channel (connection) per thread
        for i in range(per_thread):
            try:
                ledger.RecordTransaction(sale(customers[i % 4], 1 + n, key=f"w{n}-{i}"))
            except grpc.RpcError as e:
                errors.append(f"{e.code()} {e.details()}")

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    check(not errors, f"errors: {errors[:5]}")
    total_count = sum(setup.GetCustomer(pb.GetCustomerRequest(id=c)).transaction_count for c in customers)
    total_sales = sum(setup.GetCustomer(pb.GetCustomerRequest(id=c)).sales_total_minor for c in customers)
    expected_sales = sum((1 + n) * per_thread for n in range(threads))
    check(total_count == threads * per_thread, f"count {total_count}")
    check(total_sales == expected_sales, f"sales {total_sales} != {expected_sales}")
    print(json.dumps({"recorded": total_count}))


if __name__ == "__main__":
    {"flows": flows, "validation": validation, "retries": retries, "concurrent": concurrent}[sys.argv[1]](*sys.argv[2:])
