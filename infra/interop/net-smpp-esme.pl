#!/usr/bin/perl
# An independent ESME built on Debian's Net::SMPP: binds (transceiver) to the given SMSC, submits a GSM
# message, a UCS-2 one and a 2-part concatenated GSM one (UDH 8-bit ref), waits for the responses and
# receipts, unbinds. Prints one JSON object per line. Usage: perl net-smpp-esme.pl host port system_id password
use strict;
use warnings;
use Net::SMPP;
use Encode qw(encode decode);
use JSON::PP;

my ($host, $port, $sysid, $pw) = @ARGV;
my $json = JSON::PP->new->canonical->ascii;
$| = 1;
sub emit { print $json->encode($_[0]), "\n" }

my $smpp = Net::SMPP->new_connect($host, port => $port, system_id => $sysid, password => $pw,
  async => 1, smpp_version => 0x34) or die "connect: $!";
my $bind_seq = $smpp->bind_transceiver();
my $bind = $smpp->wait_pdu(0x80000009, $bind_seq) or die 'no bind_transceiver_resp';
emit({ event => 'bind_resp', status => $bind->{status}, system_id => $bind->{system_id} });
exit 1 if $bind->{status} != 0;

my @submits = (
  [0, 0x00, encode('gsm0338', "Hola Mu\x{f1}oz, \x{bf}ma\x{f1}ana? 5\x{20ac} [Net::SMPP]")],
  [8, 0x00, encode('UTF-16BE', "Canci\x{f3}n \x{f1}and\x{fa} \x{1F600}")],
  [0, 0x40, "\x05\x00\x03\x7a\x02\x01" . encode('gsm0338', 'Parte uno, ')],
  [0, 0x40, "\x05\x00\x03\x7a\x02\x02" . encode('gsm0338', 'parte dos.')],
);
my %pending;
for my $s (@submits) {
  my ($dc, $esm, $sm) = @$s;
  my $seq = $smpp->submit_sm(source_addr => 'NETSMPP', source_addr_ton => 5, source_addr_npi => 0,
    destination_addr => '34600000009', dest_addr_ton => 1, dest_addr_npi => 1,
    data_coding => $dc, esm_class => $esm, registered_delivery => 1, short_message => $sm);
  $pending{$seq} = 1;
}

my $receipts = 0;
eval {
  local $SIG{ALRM} = sub { die "timeout\n" };
  alarm 10;
  while (%pending || $receipts < @submits) {
    my $pdu = $smpp->read_pdu() or die "read: ${*$smpp}{smpperror}\n";
    if ($pdu->{cmd} == 0x80000004) {
      delete $pending{$pdu->{seq}};
      emit({ event => 'submit_sm_resp', seq => $pdu->{seq}, status => $pdu->{status}, message_id => $pdu->{message_id} });
    } elsif ($pdu->{cmd} == 0x05) {
      $receipts++;
      emit({ event => 'deliver_sm', esm_class => $pdu->{esm_class}, text => $pdu->{short_message},
        receipted_message_id => $pdu->{receipted_message_id} });
      $smpp->deliver_sm_resp(message_id => '', seq => $pdu->{seq});
    } elsif ($pdu->{cmd} == 0x15) {
      $smpp->enquire_link_resp(seq => $pdu->{seq});
    }
  }
  alarm 0;
};
emit({ event => 'error', error => $@ }) if $@;
my $unbind_seq = $smpp->unbind();
my $ub = $smpp->wait_pdu(0x80000006, $unbind_seq);
emit({ event => 'unbind_resp', status => $ub ? $ub->{status} : -1 });
