VALUES (1, 'x'), (2, NULL), (3, 'zz');
