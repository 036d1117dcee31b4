#!/usr/bin/perl
# An independent SMSC built on Debian's Net::SMPP (libnet-smpp-perl) for interop tests.
# Prints one JSON object per line on stdout: {"event":"listening","port":N} first, then what it decoded.
# After a successful bind it sends two MOs (a UCS-2 single and a 2-part GSM message with SAR TLVs).
# Usage: perl net-smpp-smsc.pl [system_id] [password]
use strict;
use warnings;
use Net::SMPP;
use Encode qw(decode);
use JSON::PP;

my ($sysid, $pw) = (@ARGV, 'pregon', 'secret');
my $json = JSON::PP->new->canonical->ascii;
$| = 1;
sub emit { print $json->encode($_[0]), "\n" }

my $listen = Net::SMPP->new_listen('127.0.0.1', port => 0, async => 1, smpp_version => 0x34)
  or die "listen: $!";
emit({ event => 'listening', port => $listen->sockport });

# SMPP 3.4 §5.2.19: 0x00 GSM 03.38 (one septet per octet), 0x08 UCS-2 (UTF-16BE), else raw.
sub text_of {
  my ($dc, $bytes) = @_;
  return decode('UTF-16BE', $bytes) if $dc == 8;
  return decode('gsm0338', $bytes) if $dc == 0;
  return undef;
}

my $msgid = 0x1a2b0000;
while (my $c = $listen->accept) {
  my $bound = 0;
  while (my $pdu = $c->read_pdu) {
    my $cmd = $pdu->{cmd};
    if ($cmd == 0x09 || $cmd == 0x02 || $cmd == 0x01) {
      my $ok = $pdu->{system_id} eq $sysid && $pdu->{password} eq $pw;
      emit({ event => 'bind', command_id => $cmd, system_id => $pdu->{system_id}, ok => $ok ? JSON::PP::true : JSON::PP::false });
      my $resp = $cmd == 0x09 ? 'bind_transceiver_resp' : $cmd == 0x02 ? 'bind_transmitter_resp' : 'bind_receiver_resp';
      $c->$resp(system_id => 'NETSMPP', seq => $pdu->{seq}, status => $ok ? 0 : 0x0e);
      next unless $ok;
      $bound = 1;
      if ($cmd != 0x02) {
        $c->deliver_sm(source_addr => '34600000002', source_addr_ton => 1, source_addr_npi => 1,
          destination_addr => '215', data_coding => 8, esm_class => 0,
          short_message => Encode::encode('UTF-16BE', "Canci\x{f3}n \x{f1}and\x{fa} \x{1F600}"));
        for my $i (1, 2) {
          $c->deliver_sm(source_addr => '34600000003', source_addr_ton => 1, source_addr_npi => 1,
            destination_addr => '215', data_coding => 0, esm_class => 0,
            short_message => Encode::encode('gsm0338', $i == 1 ? 'Hola desde ' : "Net::SMPP {5\x{20ac}}"),
            sar_msg_ref_num => pack('n', 0x5ade), sar_total_segments => pack('C', 2),
            sar_segment_seqnum => pack('C', $i));
        }
      }
    } elsif ($cmd == 0x04) {
      my $sm = $pdu->{short_message};
      my $udh = '';
      if ($pdu->{esm_class} & 0x40) {
        my $l = ord(substr($sm, 0, 1));
        $udh = substr($sm, 0, $l + 1);
        $sm = substr($sm, $l + 1);
      }
      my $id = sprintf('%x', $msgid++);
      emit({ event => 'submit_sm', source_addr => $pdu->{source_addr}, source_addr_ton => $pdu->{source_addr_ton},
        destination_addr => $pdu->{destination_addr}, dest_addr_ton => $pdu->{dest_addr_ton},
        esm_class => $pdu->{esm_class}, data_coding => $pdu->{data_coding},
        registered_delivery => $pdu->{registered_delivery}, udh_hex => unpack('H*', $udh),
        short_message_hex => unpack('H*', $sm), text => text_of($pdu->{data_coding}, $sm), message_id => $id });
      $c->submit_sm_resp(message_id => $id, seq => $pdu->{seq}, status => $bound ? 0 : 0x04);
    } elsif ($cmd == 0x80000005) {
      emit({ event => 'deliver_sm_resp', seq => $pdu->{seq}, status => $pdu->{status} });
    } elsif ($cmd == 0x15) {
      $c->enquire_link_resp(seq => $pdu->{seq});
    } elsif ($cmd == 0x06) {
      emit({ event => 'unbind' });
      $c->unbind_resp(seq => $pdu->{seq});
      last;
    } elsif (!($cmd & 0x80000000)) {
      $c->generic_nack(seq => $pdu->{seq}, status => 0x03);
    }
  }
  close $c;
  emit({ event => 'closed' });
}
