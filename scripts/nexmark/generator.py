"""An independent Python implementation of the Nexmark generator (NEXMARK.md), used as an oracle.

Same rules as Sluice's Swift generator, written separately: Java's SplittableRandom bit for bit,
split i seeded with seed + i, the extra pool with seed + 1000001, hot URLs and the channel cache with
seed + 1000002. `events(...)` yields (event_time_ms, kind, fields) per split in generation order;
`merged(...)` merges the splits by event time, ties by split index then order.
"""
import math

MASK = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
POOL_SIZE = 1 << 20
CHANNELS = 10_000
FIRST_NAMES = "Peter Paul Luke John Saul Vicky Kate Julie Sarah Deiter Walter".split()
LAST_NAMES = "Shultz Abrams Spencer White Bartels Walton Smith Jones Noris".split()
CITIES = ["Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle",
          "Kent", "Cheyenne"]
STATES = ["AZ", "CA", "ID", "OR", "WA", "WY"]
HOT_CHANNELS = ["Google", "Facebook", "Baidu", "Apple"]


def signed(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def java_rem(a, b):
    """Java's `%` on ints: the sign follows the dividend."""
    r = abs(a) % abs(b)
    return -r if a < 0 else r


def java_div(a, b):
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


class SplittableRandom:
    def __init__(self, seed):
        self.state = seed & MASK

    def _next_seed(self):
        self.state = (self.state + GOLDEN_GAMMA) & MASK
        return self.state

    def next_int(self):
        z = self._next_seed()
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK
        return signed((((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK) >> 32, 32)

    def next_long(self):
        z = self._next_seed()
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return signed(z ^ (z >> 31), 64)

    def next_double(self):
        return ((self.next_long() & MASK) >> 11) * 2.0 ** -53

    def next_bounded(self, bound):
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if signed(u + m - r, 32) >= 0:
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1

    def next_long_below(self, n):
        if n < 2**31 - 1:
            return self.next_bounded(n)
        return abs(java_rem(self.next_long(), n))


def random_word(r, max_length, special=" "):
    length = 3 + r.next_bounded(max_length - 3)
    chars = [special if r.next_bounded(13) == 0 else chr(97 + r.next_bounded(26)) for _ in range(length)]
    return "".join(chars).strip(" ")


def exact_string(r, length):
    out, rnd, left = [], 0, 0
    for _ in range(length):
        if left == 0:
            rnd, left = r.next_int(), 6
        out.append(chr(97 + java_rem(rnd, 26)))
        rnd = java_div(rnd, 26)
        left -= 1
    return "".join(out)


def base_url(r):
    return "https://www.nexmark.com/" + "/".join(random_word(r, 5, "_") for _ in range(3)) + "/item.htm?query=1"


class Tables:
    def __init__(self, seed):
        self.pool = exact_string(SplittableRandom(seed + 1_000_001), POOL_SIZE)
        r = SplittableRandom(seed + 1_000_002)
        self.hot_urls = [base_url(r) for _ in HOT_CHANNELS]
        self.urls = []
        for i in range(CHANNELS):
            url = base_url(r)
            if r.next_bounded(10) > 0:
                reversed_i = signed(int(f"{i:032b}"[::-1], 2), 32)
                url += "&channel_id=%d" % (reversed_i if reversed_i == -2**31 else abs(reversed_i))
            self.urls.append(url)


class Split:
    def __init__(self, o, index, count):
        self.o = o
        self.total = o["person"] + o["auction"] + o["bid"]
        share = o["events"] // count
        self.max_events = o["events"] - share * (count - 1) if index == count - 1 else share
        self.first_id = 1 + index * share
        self.delay_us = 1_000_000.0 / o["rate"] * count

    def time(self, number):
        return self.o["base_ms"] + int(number * self.delay_us) // 1000

    def last_person(self, event_id):
        epoch, offset = divmod(event_id, self.total)
        return epoch * self.o["person"] + min(offset, self.o["person"] - 1)

    def last_auction(self, event_id):
        epoch, offset = divmod(event_id, self.total)
        p, a = self.o["person"], self.o["auction"]
        if offset < p:
            return (epoch - 1) * a + a - 1
        if offset >= p + a:
            return epoch * a + a - 1
        return epoch * a + offset - p


def extra(r, tables, current, average):
    if current > average:
        return ""
    wanted = average - current
    delta = math.floor(wanted * 0.2 + 0.5)
    size = wanted - delta + (0 if delta == 0 else r.next_bounded(2 * delta))
    start = r.next_bounded(POOL_SIZE - size)
    return tables.pool[start:start + size]


def price(r):
    return math.floor(math.pow(10.0, r.next_double() * 6.0) * 100.0 + 0.5)


def events(o, index, count, tables):
    """Yields (time_ms, kind, fields) for split `index` of `count`; kind 0 person, 1 auction, 2 bid."""
    s, r = Split(o, index, count), SplittableRandom(o["seed"] + index)

    def random_person(event_id):
        people = s.last_person(event_id) + 1
        active = min(people, 1000)
        return people - active + r.next_long_below(active + 10)

    def person_or_hot(event_id, ratio, offset):
        if r.next_bounded(ratio) > 0:
            return s.last_person(event_id) // 100 * 100 + offset
        return random_person(event_id)

    for k in range(s.max_events):
        number = 1 + k
        event_id = s.first_id + number
        t = s.time(number)
        rem = event_id % s.total
        if rem < o["person"]:
            name = FIRST_NAMES[r.next_bounded(11)] + " " + LAST_NAMES[r.next_bounded(9)]
            email = random_word(r, 7) + "@" + random_word(r, 5) + ".com"
            card = " ".join("%04d" % r.next_bounded(10000) for _ in range(4))
            city, state = CITIES[r.next_bounded(10)], STATES[r.next_bounded(6)]
            size = 8 + len(name) + len(email) + len(card) + len(city) + len(state)
            yield t, 0, dict(id=1000 + s.last_person(event_id), name=name, emailAddress=email, creditCard=card,
                             city=city, state=state, dateTime=t, extra=extra(r, tables, size, 200))
        elif rem < o["person"] + o["auction"]:
            seller = 1000 + person_or_hot(event_id, 4, 0)
            category = 10 + r.next_bounded(5)
            initial = price(r)
            horizon = s.time(number + 100 * s.total // o["auction"]) - t
            expires = t + 1 + r.next_long_below(max(horizon * 2, 1))
            item, description = random_word(r, 20), random_word(r, 100)
            reserve = initial + price(r)
            size = 8 + len(item) + len(description) + 40
            yield t, 1, dict(id=1000 + s.last_auction(event_id), itemName=item, description=description,
                             initialBid=initial, reserve=reserve, dateTime=t, expires=expires, seller=seller,
                             category=category, extra=extra(r, tables, size, 500))
        else:
            auction = s.last_auction(event_id) // 100 * 100
            if r.next_bounded(2) == 0:
                high = s.last_auction(event_id)
                low = max(high - 100, 0)
                auction = low + r.next_long_below(high - low + 11)
            bidder = (2000 if o["compat"] else 1000) + person_or_hot(event_id, 4, 1)
            amount = price(r)
            if r.next_bounded(2) > 0:
                i = r.next_bounded(4)
                channel, url = HOT_CHANNELS[i], tables.hot_urls[i]
            else:
                i = r.next_bounded(CHANNELS)
                channel, url = "channel-%d" % i, tables.urls[i]
            yield t, 2, dict(auction=1000 + auction, bidder=bidder, price=amount, channel=channel, url=url,
                             dateTime=t, extra=extra(r, tables, 32, 100))


def merged(o, splits):
    """All splits' events merged by event time, ties by split index then generation order."""
    tables = Tables(o["seed"])
    rows = []
    for index in range(splits):
        for order, (t, kind, fields) in enumerate(events(o, index, splits, tables)):
            rows.append((t, index, order, kind, fields))
    rows.sort(key=lambda row: row[:3])
    return [(kind, fields) for _, _, _, kind, fields in rows]
